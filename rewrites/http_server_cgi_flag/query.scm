; A string that is the `--cgi` flag, or a command line holding it.
((string) @string (#match? @string "--cgi"))
