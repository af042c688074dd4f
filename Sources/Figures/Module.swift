// Figures module; see DESIGN.md.
