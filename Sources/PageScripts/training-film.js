// A training film: the images a model drew from the same inputs after every epoch of its
// training, kept by the chapter run (`progress.snapshot`) and shipped as bytes 0…255 in
// `<name>-film-data.js`. A slider picks the epoch; play steps through them all.
"use strict";

(function (exports, page) {
  // The film's frames as epochs × images × pixels, and one image of one epoch as grey-levels in [0, 1].
  function filmOf(data) {
    const entry = data.arrays.frames, [epochs, images, pixels] = entry.shape, bytes = page.arrayOf(entry);
    return {
      epochs, images, pixels, side: Math.round(Math.sqrt(pixels)),
      image(epoch, index) {  // epoch is 1-based, as on the page
        const start = ((epoch - 1) * images + index) * pixels;
        return Array.from(bytes.subarray(start, start + pixels), (value) => value / 255);
      },
    };
  }

  exports.filmOf = filmOf;

  // How the film's images stand on the page: two even rows when the film is two sets of images
  // (noise decoded, digits reconstructed), each row named by the run's row labels when it gave them.
  function layoutOf(images, rowNames) {
    const columns = images % 2 === 0 && images <= 16 ? images / 2 : Math.min(images, 8);
    const rows = Math.ceil(images / columns);
    const names = Array.isArray(rowNames) && rowNames.length === rows ? rowNames.slice() : [];
    return { columns, rows, names };
  }

  exports.layoutOf = layoutOf;

  const cell = 44, gutter = 4;

  function mount(figure, data) {
    const film = filmOf(data), [paper, pencil] = data.digitColors[page.prefersDark() ? "dark" : "light"].map(page.rgb);
    const { columns, rows, names } = layoutOf(film.images, data.strings && data.strings.rows);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";
    // The epoch stands above the images, so a reader always knows which moment of training they see.
    const heading = document.createElement("p");
    heading.className = "film-epoch";
    heading.setAttribute("aria-live", "polite");
    const canvases = [];
    const frame = document.createElement("div");
    frame.className = "film-frame";
    for (let row = 0; row < rows; row++) {
      const line = document.createElement("div");
      line.className = "film-row";
      if (names[row]) {
        const name = document.createElement("span");
        name.className = "film-row-label";
        name.textContent = names[row];
        line.append(name);
      }
      const canvas = document.createElement("canvas");
      canvas.className = "film";
      canvas.width = columns * (cell + gutter) - gutter;
      canvas.height = cell;
      canvas.setAttribute("role", "img");
      line.append(canvas);
      frame.append(line);
      canvases.push(canvas);
    }
    const controls = document.createElement("div");
    controls.className = "film-controls";
    const play = document.createElement("button");
    play.type = "button";
    const slider = document.createElement("input");
    Object.assign(slider, { type: "range", min: "1", max: String(film.epochs), step: "1", value: String(film.epochs) });
    slider.setAttribute("aria-label", "epoch");
    const label = document.createElement("output");
    controls.append(play, slider, label);
    app.append(heading, frame, controls);

    function showEpoch(epoch) {
      canvases.forEach((canvas, row) => {
        const context = canvas.getContext("2d"), picture = context.createImageData(canvas.width, canvas.height);
        for (let column = 0; column < columns; column++) {
          const index = row * columns + column;
          if (index >= film.images) break;
          const pixels = film.image(epoch, index), left = column * (cell + gutter);
          for (let y = 0; y < cell; y++) {
            for (let x = 0; x < cell; x++) {
              const value = pixels[Math.floor(y * film.side / cell) * film.side + Math.floor(x * film.side / cell)];
              const at = 4 * (y * canvas.width + left + x);
              for (let channel = 0; channel < 3; channel++) picture.data[at + channel] = Math.round(paper[channel] + (pencil[channel] - paper[channel]) * value);
              picture.data[at + 3] = 255;
            }
          }
        }
        context.putImageData(picture, 0, 0);
        canvas.setAttribute("aria-label", `${names[row] || "The images"}, after epoch ${epoch} of ${film.epochs}`);
      });
      heading.textContent = `Epoch ${epoch} of ${film.epochs}`;
      label.textContent = `after epoch ${epoch} of ${film.epochs}`;
      figure.dataset.epoch = String(epoch);
    }

    let timer = null;
    function stop() {
      clearInterval(timer);
      timer = null;
      play.textContent = "▶ play";
      play.setAttribute("aria-label", "play the film");
    }
    play.addEventListener("click", () => {
      if (timer) return stop();
      if (Number(slider.value) >= film.epochs) slider.value = "1";
      play.textContent = "❚❚ pause";
      play.setAttribute("aria-label", "pause the film");
      showEpoch(Number(slider.value));
      timer = setInterval(() => {
        const next = Number(slider.value) + 1;
        if (next > film.epochs) return stop();
        slider.value = String(next);
        showEpoch(next);
      }, 350);
    });
    slider.addEventListener("input", () => { stop(); showEpoch(Number(slider.value)); });
    stop();
    figure.classList.add("live-ready");
    showEpoch(film.epochs);
  }

  exports.mount = mount;

  page.mountFigures("training-film.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentTrainingFilm = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage);
