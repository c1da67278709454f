"""One module per kind of source file; each parses a file into :class:`etl.framework.Parsed`."""
