// A chapter program imports `Notebook` and gets the run format with it: the run record's types
// (a table's metric cells), chapter options and the source reader are part of what a chapter uses.
@_exported import RunFormat
