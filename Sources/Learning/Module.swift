// Learning module; see DESIGN.md.
