; Subscripted names, and bare names in annotations; string annotations and `cast()` types.
(subscript value: [(identifier) (attribute)]) @node
(generic_type (identifier)) @node
(type [(identifier) (attribute)] @node)
; Bare names among `|` members and in lists (`int | List`, `Callable[[Dict], None]`): the position
; decides (runtime `|` and lists are left alone).
(binary_operator [(identifier) (attribute)] @node)
(list [(identifier) (attribute)] @node)
((call function: [(identifier) (attribute)] @cast arguments: (argument_list . [(identifier) (attribute)] @node))
 (#match? @cast "cast$"))
(type (string) @string)
((call function: [(identifier) (attribute)] @cast arguments: (argument_list . (string) @string))
 (#match? @cast "cast$"))
; `TypeVar("T", "A", bound="B")` and `NewType("N", "T")` (which argument is a type is checked).
((call function: [(identifier) (attribute)] @cast arguments: (argument_list (string) @string))
 (#match? @cast "(TypeVar|NewType)$"))
((call function: [(identifier) (attribute)] @cast
  arguments: (argument_list (keyword_argument name: (identifier) @kw value: (string) @string)))
 (#match? @cast "TypeVar$") (#eq? @kw "bound"))
; Imports: `from typing import OrderedDict` moves to `collections`; unused ones go.
((import_statement) @import (#match? @import "typing"))
((import_from_statement) @import (#match? @import "typing"))
