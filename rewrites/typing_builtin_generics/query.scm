; Subscripted names, and bare names in annotations; string annotations and `cast()` types.
(subscript value: [(identifier) (attribute)]) @node
(generic_type (identifier)) @node
(type [(identifier) (attribute)] @node)
((call function: [(identifier) (attribute)] @cast arguments: (argument_list . [(identifier) (attribute)] @node))
 (#match? @cast "cast$"))
(type (string) @string)
((call function: [(identifier) (attribute)] @cast arguments: (argument_list . (string) @string))
 (#match? @cast "cast$"))
; Imports: `from typing import OrderedDict` moves to `collections`; unused ones go.
((import_statement) @import (#match? @import "typing"))
((import_from_statement) @import (#match? @import "typing"))
