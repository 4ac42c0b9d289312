; `entry_points()["group"]`, `entry_points().get("group", [])`, and subscripts of names
; bound to `entry_points(...)` or iterating over it.
(subscript value: (_) @value) @subscript
(call function: (attribute object: (_) @value attribute: (identifier) @method) (#any-of? @method "get" "sort" "append" "extend" "insert" "remove" "pop")) @method_call
