/// The stylesheet's book section: heading links, the "on this page" lists, self-checks,
/// cross-references with their hover previews, citations and the reference list. Kept apart from
/// the rest so each part can change alone; the site's `style.css` is `Stylesheet.site`.
extension Stylesheet {
    /// Everything `style.css` holds.
    static var site: String { css + "\n" + book }

    static let book = """
    /* ---- Book: heading links and "on this page" ---- */
    h1[id], h2[id], h3[id], h4[id] { scroll-margin-top: 1rem; }
    .heading-anchor { margin-left: 0.4em; color: var(--muted); text-decoration: none; font-weight: normal; opacity: 0; }
    h1:hover > .heading-anchor, h2:hover > .heading-anchor, h3:hover > .heading-anchor, h4:hover > .heading-anchor,
    .heading-anchor:focus-visible { opacity: 1; }
    .heading-anchor:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    @media (hover: none) { .heading-anchor { opacity: 1; } }
    .on-this-page ol { list-style: none; padding: 0; margin: 0.4em 0 0; }
    .on-this-page li.level-3 { padding-left: 1em; }
    .on-this-page a { display: block; text-decoration: none; padding: 0.12em 0 0.12em 0.6em; border-left: 2px solid transparent; }
    .on-this-page a:hover { text-decoration: underline; }
    .on-this-page a[aria-current] { border-left-color: var(--accent); color: var(--ink); font-weight: bold; }
    details.on-this-page.folded { max-width: 42rem; margin: 1em 0; padding: 0.45em 0.9em; font-size: 0.92em;
      background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; }
    details.on-this-page.folded > summary { cursor: pointer; color: var(--muted); }
    nav.on-this-page.side { display: none; }
    .on-this-page-title { margin: 0; color: var(--muted); font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; }
    /* Wide enough for a side column beside the widest figures: the list stays in view. */
    @media (min-width: 75rem) {
      body:has(> main.with-outline) > header.site, body:has(> main.with-outline) > footer.site { max-width: 80rem; }
      main.with-outline { max-width: 80rem; display: grid; grid-template-columns: minmax(0, 1fr) 14rem; gap: 2.5rem; align-items: start; }
      nav.on-this-page.side { display: block; position: sticky; top: 0; max-height: 100vh; overflow-y: auto;
        padding: 1.5rem 0 1rem; font-size: 0.86em; }
      details.on-this-page.folded { display: none; }
    }
    .toc nav.sections ol { list-style: none; display: flex; flex-wrap: wrap; gap: 0.15em 1.1em; padding: 0; margin: 0.45em 0 0.3em; font-size: 0.86em; }
    .toc nav.sections li { display: block; padding: 0; border: 0; }
    /* ---- Book: self-checks ---- */
    details.self-check { max-width: 42rem; margin: 1.2em 0; padding: 0.5em 1em; background: var(--panel);
      border: 1px solid var(--rule); border-left: 4px solid var(--link); border-radius: 6px; }
    details.self-check > summary { cursor: pointer; }
    details.self-check > summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .self-check-label { font-weight: bold; }
    .self-check-answer > p.self-check-label { margin: 0.7em 0 0.2em; color: var(--muted); font-size: 0.85em; }
    .self-check-answer > p:last-child { margin-bottom: 0.2em; }
    /* ---- Book: cross-references, citations, numbered equations, reference list ---- */
    a.xref, a.citation { position: relative; }
    .xref-card { display: none; }
    /* A preview only where there is room for it and a pointer that hovers. */
    @media (min-width: 60rem) and (hover: hover) {
      a.xref:hover > .xref-card, a.xref:focus-visible > .xref-card, a.citation:hover > .xref-card, a.citation:focus-visible > .xref-card {
        display: block; position: absolute; z-index: 10; left: 0; top: 1.6em; width: 20rem; padding: 0.6em 0.7em;
        background: var(--paper); color: var(--ink); border: 1px solid var(--rule); border-radius: 6px;
        box-shadow: 0 4px 16px var(--scroll-shadow); font-size: 0.82rem; line-height: 1.45; font-weight: normal; text-align: left; }
      .xref-card img { display: block; max-width: 100%; height: auto; margin-bottom: 0.4em; border-radius: 3px; }
    }
    .math-display.numbered { display: flex; align-items: center; gap: 1em; }
    .math-display.numbered > .katex-display { flex: 1 1 auto; min-width: 0; }
    .equation-number { flex: none; color: var(--muted); }
    section.references { max-width: 42rem; margin-top: 2.5em; border-top: 1px solid var(--rule); }
    section.references ol { padding-left: 1.6em; font-size: 0.92em; }
    section.references li { margin: 0.45em 0; }
    section.references li:target { background: var(--panel); outline: 2px solid var(--accent); }
    @media print { .on-this-page, .heading-anchor, .xref-card { display: none; } }

    """
}
