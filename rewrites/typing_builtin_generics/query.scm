; Subscripted names, and bare names in annotations; string annotations and `cast()` types.
(subscript value: [(identifier) (attribute)]) @node
(generic_type (identifier)) @node
(type [(identifier) (attribute)] @node)
(call arguments: (argument_list . [(identifier) (attribute)] @node))
(type (string) @string)
(call arguments: (argument_list . (string) @string))
; Imports: `from typing import OrderedDict` moves to `collections`; unused ones go.
(import_statement) @import
(import_from_statement) @import
