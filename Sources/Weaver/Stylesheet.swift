/// The site's one stylesheet: a readable text column, wide figures and code, highlighted Swift,
/// dark mode through `prefers-color-scheme`, and a layout that holds on a phone.
enum Stylesheet {
    static let css = """
    :root {
      --paper: #ffffff; --ink: #1f2328; --muted: #57606a; --rule: #d8dee4; --panel: #f6f8fa; --accent: #b34700;
      --link: #0550ae; --code-bg: #f6f8fa; --scroll-shadow: rgba(31, 35, 40, 0.28);
      --live-image: 224px;  /* a live figure's decoded or drawn image, 8 screen pixels per image pixel */
      --tok-keyword: #a0216b; --tok-type: #0b5d8a; --tok-string: #0a6b2a; --tok-number: #8a4b00;
      --tok-comment: #59636e; --tok-attribute: #7a3ec2; --tok-directive: #7a3ec2;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --paper: #0d1117; --ink: #e6edf3; --muted: #9da7b3; --rule: #30363d; --panel: #161b22; --accent: #f0883e;
        --link: #79c0ff; --code-bg: #161b22; --scroll-shadow: rgba(230, 237, 243, 0.22);
        --tok-keyword: #ff7ab2; --tok-type: #6cc5f0; --tok-string: #7ee787; --tok-number: #f2b36b;
        --tok-comment: #8b949e; --tok-attribute: #d2a8ff; --tok-directive: #d2a8ff;
      }
    }
    * { box-sizing: border-box; }
    html { background: var(--paper); color: var(--ink); }
    body { margin: 0; font: 17px/1.6 "DejaVu Sans", "Segoe UI", system-ui, sans-serif; overflow-wrap: break-word; }
    .prose code, .output code, p.file code { overflow-wrap: anywhere; }
    .prose, .outputs, figure, .run-record { min-width: 0; max-width: 100%; }
    a { color: var(--link); }
    header.site, footer.site { display: flex; flex-wrap: wrap; gap: 0.5em 1.5em; align-items: baseline; justify-content: space-between;
      max-width: 64rem; margin: 0 auto; padding: 0.8em 1.2em; border-bottom: 1px solid var(--rule); }
    footer.site { border-top: 1px solid var(--rule); border-bottom: 0; margin-top: 3em; }
    header.site > a { font-weight: bold; text-decoration: none; color: var(--ink); }
    nav.chapters { display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; font-size: 0.9em; }
    nav.chapters .position { color: var(--muted); }
    main { max-width: 64rem; margin: 0 auto; padding: 0 1.2em; }
    article > .prose, .toc, .intro { max-width: 42rem; }
    h1 { font-size: 2.1em; line-height: 1.2; margin: 1.2em 0 0.4em; }
    h2 { font-size: 1.45em; margin: 1.8em 0 0.4em; }
    h3 { font-size: 1.15em; margin: 1.4em 0 0.3em; }
    p, li { hyphens: auto; }
    code { font: 0.86em/1.5 "DejaVu Sans Mono", ui-monospace, monospace; }
    :not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
    .cell { margin: 1.4em 0; }
    pre.code { background: var(--code-bg); border: 1px solid var(--rule); border-radius: 6px; padding: 0.9em 1em; overflow-x: auto;
      margin: 0; position: relative; }
    pre.code[data-lines]::after { content: "lines " attr(data-lines); position: absolute; top: 0.3em; right: 0.6em; font-size: 0.72em; color: var(--muted); }
    .tok-keyword { color: var(--tok-keyword); font-weight: bold; } .tok-type { color: var(--tok-type); }
    .tok-string { color: var(--tok-string); } .tok-number { color: var(--tok-number); }
    .tok-comment { color: var(--tok-comment); font-style: italic; }
    .tok-attribute, .tok-directive { color: var(--tok-attribute); }
    .outputs { border-left: 3px solid var(--accent); margin: 0.6em 0 0 0; padding: 0.2em 0 0.2em 1em; }
    .output { margin: 0.5em 0; font-size: 0.93em; }
    .output.training, .output.note { color: var(--muted); }
    .output.metric .name { color: var(--muted); } .output.metric .value { font-weight: bold; }
    figure { margin: 1em 0; }
    figure img { max-width: 100%; height: auto; display: block; border-radius: 4px; }
    figcaption { font-size: 0.9em; color: var(--muted); margin-top: 0.4em; max-width: 42rem; }
    table { border-collapse: collapse; font-size: 0.92em; margin: 0.5em 0; }
    caption { text-align: left; font-weight: bold; padding-bottom: 0.4em; }
    th, td { border-bottom: 1px solid var(--rule); padding: 0.35em 0.8em; text-align: left; }
    th { border-bottom: 2px solid var(--muted); }
    td:not(:first-child) { font-variant-numeric: tabular-nums; }
    /* A table wider than the column scrolls; a shadow at an edge says more of it lies that way. The two
       covers scroll with the table (local) and hide each shadow once that end is reached. */
    .table { overflow-x: auto;
      background: linear-gradient(to right, var(--paper) 40%, transparent) left center / 2em 100% no-repeat local,
                  linear-gradient(to left, var(--paper) 40%, transparent) right center / 2em 100% no-repeat local,
                  radial-gradient(farthest-side at 0 50%, var(--scroll-shadow), transparent) left center / 0.9em 100% no-repeat scroll,
                  radial-gradient(farthest-side at 100% 50%, var(--scroll-shadow), transparent) right center / 0.9em 100% no-repeat scroll; }
    aside.run-record { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 0.8em 1.1em; margin: 1.2em 0;
      max-width: 42rem; font-size: 0.9em; }
    aside.run-record h2 { font-size: 1em; margin: 0 0 0.4em; }
    aside.run-record dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0; }
    aside.run-record dt { color: var(--muted); } aside.run-record dd { margin: 0; }
    aside.dataset-note { border-left: 4px solid var(--accent); background: var(--panel); padding: 0.6em 1em; margin: 1.2em 0; }
    aside.dataset-note p { margin: 0; }
    aside.run-record .provenance { margin: 0.6em 0 0; color: var(--muted); }
    .katex { font-size: 1.05em; }
    .katex-display { margin: 0.9em 0; overflow-x: auto; overflow-y: hidden; padding: 0.15em 0; }
    .katex-display > .katex { white-space: nowrap; }
    details.included { margin: 1em 0; }
    details.included > summary, details.whole-file > summary { cursor: pointer; color: var(--muted); font-size: 0.92em; }
    details.included[open] > summary, details.whole-file[open] > summary { margin-bottom: 0.5em; }
    details.whole-file { margin-top: 0.4em; }
    .cell.included p.file, p.cell.included { color: var(--muted); font-size: 0.92em; margin: 0.4em 0; }
    pre.diff .line { display: block; }
    pre.diff del, pre.diff ins { text-decoration: none; }
    pre.diff .removed { background: color-mix(in srgb, #cf222e 14%, transparent); }
    pre.diff .added { background: color-mix(in srgb, #1a7f37 14%, transparent); }
    pre.diff .kept { opacity: 0.72; }
    figure.live { border: 1px solid var(--rule); border-radius: 6px; padding: 0.8em 1em; }
    figure.live.live-ready .live-needs-script, figure.live.live-ready .live-fallback { display: none; }
    .live-needs-script { color: var(--muted); margin: 0; }
    .live-pictures { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
    .live-pictures canvas { border: 1px solid var(--rule); border-radius: 4px; max-width: 100%; }
    .live-pictures canvas.plane { cursor: crosshair; touch-action: none; }
    .live-pictures canvas.decoded { image-rendering: pixelated; }
    .live-pictures canvas.sketch { cursor: crosshair; touch-action: none; width: var(--live-image); }
    .sketch-pad { display: flex; flex-direction: column; align-items: flex-start; gap: 0.4em; }
    .live .prompt { display: flex; gap: 0.5em; align-items: center; }
    .live input[type=text] { font: inherit; color: var(--ink); background: var(--paper); border: 1px solid var(--rule);
      border-radius: 4px; padding: 0.25em 0.5em; flex: 1 1 auto; min-width: 0; }
    .live input[type=text]:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .word-suggestions { display: flex; flex-wrap: wrap; gap: 0.3em; margin: 0.4em 0; }
    .word-suggestions button.word { font-size: 0.8em; padding: 0.05em 0.5em; }
    .live-message { color: var(--accent); font-weight: bold; margin: 0.4em 0 0; }
    .live-message:empty { display: none; }
    table.token-grid { border-collapse: collapse; font-size: 0.8em; font-variant-numeric: tabular-nums; margin: 0; }
    table.token-grid td { border: 1px solid var(--rule); padding: 0.15em 0.35em; text-align: right; }
    .live-pictures canvas:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .live .readout { font-variant-numeric: tabular-nums; margin: 0.5em 0 0; }
    .live button { font: inherit; font-size: 0.9em; color: var(--ink); background: var(--panel); border: 1px solid var(--rule);
      border-radius: 4px; padding: 0.2em 0.7em; cursor: pointer; }
    .live button[aria-pressed="true"] { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
    .live input[type=number] { font: inherit; font-size: 0.9em; color: var(--ink); background: var(--panel); border: 1px solid var(--rule);
      border-radius: 4px; padding: 0.15em 0.4em; }
    .live button:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .token-digits { display: flex; flex-wrap: wrap; gap: 0.4em; margin-bottom: 0.6em; }
    .token-palette { display: grid; grid-template-columns: repeat(8, minmax(0, 40px)); gap: 3px; width: min(100%, 343px); }
    .token-palette button.token { padding: 1px; line-height: 1; display: flex; flex-direction: column; align-items: center; }
    .token-palette canvas { width: 100%; max-width: 36px; aspect-ratio: 1; height: auto; image-rendering: pixelated; border: 0; }
    .token-palette button.token span { font-size: 0.7rem; font-variant-numeric: tabular-nums; color: var(--muted); }
    .next-token { flex: 1 1 14em; max-width: 24em; }
    .next-token-heading { margin: 0 0 0.3em; font-size: 0.9em; color: var(--muted); }
    .next-token-list { list-style: none; margin: 0; padding: 0; font-size: 0.9em; font-variant-numeric: tabular-nums; }
    .next-token-list li { display: grid; grid-template-columns: 36px 5em 1fr 3.2em; gap: 0.5em; align-items: center; margin: 0.25em 0; }
    .live-pictures .next-token-list canvas { width: 36px; height: 36px; image-rendering: pixelated; border-radius: 2px; }
    .next-token-track { height: 0.7em; background: var(--panel); border: 1px solid var(--rule); border-radius: 2px; }
    .next-token-bar { display: block; height: 100%; background: var(--accent); }
    .next-token-share { text-align: right; }
    .film-controls { display: flex; align-items: center; gap: 0.8em; margin-top: 0.5em; flex-wrap: wrap; }
    .film-controls input[type=range] { flex: 1 1 12em; accent-color: var(--accent); }
    details.page-script { margin-top: 0.6em; font-size: 0.9em; }
    details.page-script summary { cursor: pointer; color: var(--muted); }
    .toc { list-style: none; padding: 0; }
    .toc > li { display: grid; grid-template-columns: 12rem 1fr; gap: 1.2em; align-items: start; padding: 1.1em 0; border-bottom: 1px solid var(--rule); }
    .toc img { width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 4px; display: block; }
    details.build-info { max-width: 42rem; margin: 2em 0 0; font-size: 0.9em; color: var(--muted); }
    details.build-info > summary { cursor: pointer; }
    details.build-info ul { padding-left: 1.2em; }
    /* Text for screen readers only (a live figure's announcements): out of sight, not out of the page. */
    .visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
      clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
    /* Every control shows where the keyboard is: links, buttons, fields, folds, canvases and the
       scrolling boxes (code, tables, formulas) that take the focus so arrow keys can scroll them. */
    :is(a, button, input, select, textarea, summary, canvas, [tabindex]):focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    pre.code:focus-visible, .table:focus-visible, .katex-display:focus-visible { outline-offset: 0; }
    /* A reader who asks for less motion gets none that plays by itself, and no smooth scrolling. */
    @media (prefers-reduced-motion: reduce) {
      *, *::before, *::after { animation-duration: 0.01ms !important; animation-iteration-count: 1 !important;
        transition-duration: 0.01ms !important; scroll-behavior: auto !important; }
    }
    /* Printed (or saved as PDF), a chapter reads as a document: ink on white, no live controls (their
       still fallback, or the pictures as they stand, are printed instead), no figure or code block split across pages, and each link's
       address after its text. */
    @media print {
      :root { --paper: #ffffff; --ink: #000000; --muted: #444444; --code-bg: #ffffff; --panel: #ffffff; --link: #000000; }
      body { font-size: 11pt; line-height: 1.45; }
      header.site nav, footer.site, .live button, .live input, .live select, .live .prompt, .film-controls, .live-needs-script,
        details.page-script, .word-suggestions, pre.code[data-lines]::after { display: none !important; }
      figure.live:has(.live-fallback) .live-app { display: none; }
      figure.live:not(:has(.live-fallback)):not(.live-ready)::before { content: "A live figure: open the page in a browser to use it.";
        display: block; color: var(--muted); font-style: italic; }
      figure.live .live-fallback { display: block !important; }
      main { max-width: none; padding: 0; }
      figure, .cell, table, .katex-display, aside.run-record, img { break-inside: avoid; }
      h1, h2, h3 { break-after: avoid; }
      pre.code { white-space: pre-wrap; overflow: visible; border-color: #999999; }
      .table, .katex-display, .figure-scroll { overflow: visible !important; }
      .prose a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; color: var(--muted); overflow-wrap: anywhere; }
      a { text-decoration: underline; }
    }
    .toc h2 { margin: 0 0 0.2em; font-size: 1.2em; } .toc p { margin: 0; color: var(--muted); }
    .toc .status { font-size: 0.85em; color: var(--muted); }
    @media (max-width: 40rem) {
      body { font-size: 16px; }
      .toc > li { grid-template-columns: 1fr; }
      .toc img { max-width: 14rem; }
      pre.code[data-lines]::after { display: none; }
      /* A phone's column is about 350 px: chapter 2's widest formulas (the ELBO, the KL's closed form)
         are about 400 px at the text's size, so display math is set a little smaller there and fits
         whole; anything wider still scrolls sideways inside its own box. */
      .katex-display > .katex { font-size: 0.84em; }
    }
    /* Folded bookkeeping (`//: @fold`): one sentence in place of the code, opened on demand. */
    details.fold { margin: 0.8em 0; border-left: 3px solid var(--rule); padding-left: 0.8em; }
    details.fold > summary { cursor: pointer; color: var(--muted); font-size: 0.92em; }
    details.fold > summary .fold-size { font-size: 0.9em; }
    details.fold[open] > summary { margin-bottom: 0.5em; }
    details.fold > summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    /* Checked claims: a held claim reads as prose with a small mark that opens its evidence; a
       failed one is struck through beside its numbers. */
    .claim-mark { font: inherit; font-size: 0.72em; line-height: 1; vertical-align: 0.35em; margin-left: 0.15em; padding: 0.1em 0.3em;
      color: var(--link); background: transparent; border: 1px solid var(--rule); border-radius: 999px; cursor: pointer; }
    .claim-mark:hover { border-color: var(--link); }
    .claim-mark:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
    .claim-check { max-width: min(28rem, 90vw); padding: 0.8em 1em; color: var(--ink); background: var(--panel);
      border: 1px solid var(--rule); border-radius: 6px; box-shadow: 0 4px 16px var(--scroll-shadow); font-size: 0.92em; }
    .claim-check::backdrop { background: transparent; }
    .claim.failed s { text-decoration-color: var(--accent); text-decoration-thickness: 2px; }
    .claim-failed-note { color: var(--accent); font-size: 0.92em; }
    /* The training film: the epoch above the images, each row named. */
    .film-epoch { font-weight: bold; margin: 0 0 0.4em; font-variant-numeric: tabular-nums; }
    .film-row { display: flex; flex-direction: column; align-items: flex-start; gap: 0.15em; margin-bottom: 0.5em; }
    .film-row-label { font-size: 0.85em; color: var(--muted); }
    .live-fallback .fallback-caption { font-size: 0.9em; color: var(--muted); margin: 0.4em 0 0; max-width: 42rem; }
    """
}
