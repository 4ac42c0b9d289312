; Annotations (parameters, returns, variables): the strings in them, at any depth, are
; checked in `check`.
(type) @type
