; `ast.Num` and the other constant node classes removed in Python 3.14 (by attribute or by
; imported name), and `.n` / `.s` on their nodes.
((attribute attribute: (identifier) @name) @use
 (#any-of? @name "Num" "Str" "Bytes" "NameConstant" "Ellipsis" "n" "s"))
((identifier) @use
 (#any-of? @use "Num" "Str" "Bytes" "NameConstant" "Ellipsis"))
