"""The parts of the SQL reader: a streaming statement splitter, a thin layer over sqlparse's
lexer, and one parser per kind of statement that matters to a facial-data audit."""
