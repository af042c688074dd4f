// Notebook module; see DESIGN.md.
