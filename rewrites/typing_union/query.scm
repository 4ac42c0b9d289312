; Subscripted names, as expressions and in annotations; string annotations and `cast()` types
; (their content is parsed and searched too).
(subscript value: [(identifier) (attribute)]) @node
(generic_type (identifier)) @node
(type (string) @string)
((call function: [(identifier) (attribute)] @cast arguments: (argument_list . (string) @string))
 (#match? @cast "cast$"))
; `TypeVar("T", "A", bound="B")` and `NewType("N", "T")` (which argument is a type is checked).
((call function: [(identifier) (attribute)] @cast arguments: (argument_list (string) @string))
 (#match? @cast "(TypeVar|NewType)$"))
((call function: [(identifier) (attribute)] @cast
  arguments: (argument_list (keyword_argument name: (identifier) @kw value: (string) @string)))
 (#match? @cast "TypeVar$") (#eq? @kw "bound"))
; Imports, to remove those the rewrite leaves unused.
((import_statement) @import (#match? @import "typing"))
((import_from_statement) @import (#match? @import "typing"))
