import Plot

/// A chapter's "on this page" list: its `##` and `###` sections, linked. It is written twice: a
/// side column that stays in view on a wide window, and a folded list at the top of the article
/// on a narrow one (the stylesheet shows one of the two). Both are plain links, so the page reads
/// and navigates without scripts; `on-this-page.js` only marks the section being read.
enum OnThisPage {
    /// The levels listed: the chapter's `#` title is the page itself.
    static let listedLevels = 2...3
    /// The script's file, at the site's root beside `style.css`.
    static let scriptFile = "on-this-page.js"

    /// The folded list at the top of the article (shown on a narrow screen).
    static func folded(_ sections: [Section]) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .class("on-this-page folded"),
            .element(named: "summary", nodes: [.text("On this page")]),
            .nav(.attribute(named: "aria-label", value: "On this page"), list(sections)),
        ])
    }

    /// The side column (shown on a wide screen).
    static func side(_ sections: [Section]) -> Node<HTML.BodyContext> {
        .nav(.class("on-this-page side"), .attribute(named: "aria-label", value: "On this page (side column)"),
             .p(.class("on-this-page-title"), .text("On this page")), list(sections))
    }

    private static func list(_ sections: [Section]) -> Node<HTML.BodyContext> {
        .ol(.forEach(sections.filter { listedLevels.contains($0.level) }) { section in
            .li(.class("level-\(section.level)"), .a(.href("#\(section.id)"), .text(section.title)))
        })
    }

    /// Marks the link of the section being read (`aria-current="location"`): the last heading whose
    /// top has passed a quarter of the way down the window (none while the reader is above the
    /// first). A classic script, no modules, so it runs from `file://`.
    static let script = """
    // Marks, in the "on this page" lists, the section being read.
    (function () {
      "use strict";
      var links = Array.prototype.slice.call(document.querySelectorAll(".on-this-page a[href^='#']"));
      var ids = [];
      links.forEach(function (link) {
        var id = decodeURIComponent(link.getAttribute("href").slice(1));
        if (ids.indexOf(id) < 0 && document.getElementById(id)) ids.push(id);
      });
      if (ids.length === 0) return;
      var current = null, pending = false;
      function update() {
        pending = false;
        var line = window.innerHeight / 4, reading = null;
        for (var i = 0; i < ids.length; i++) {
          if (document.getElementById(ids[i]).getBoundingClientRect().top <= line) reading = ids[i]; else break;
        }
        if (reading === current) return;
        current = reading;
        links.forEach(function (link) {
          if (link.getAttribute("href") === "#" + encodeURIComponent(reading) || link.getAttribute("href") === "#" + reading) {
            link.setAttribute("aria-current", "location");
          } else {
            link.removeAttribute("aria-current");
          }
        });
      }
      function schedule() {
        if (!pending) { pending = true; window.requestAnimationFrame(update); }
      }
      window.addEventListener("scroll", schedule, { passive: true });
      window.addEventListener("resize", schedule);
      update();
    })();

    """
}
