; String annotations (parameters, returns, variables, and strings nested in them).
(type (string) @string)
