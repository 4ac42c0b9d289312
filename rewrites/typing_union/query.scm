; Subscripted names, as expressions and in annotations; string annotations and `cast()` types
; (their content is parsed and searched too).
(subscript value: [(identifier) (attribute)]) @node
(generic_type (identifier)) @node
(type (string) @string)
((call function: [(identifier) (attribute)] @cast arguments: (argument_list . (string) @string))
 (#match? @cast "cast$"))
; Imports, to remove those the rewrite leaves unused.
((import_statement) @import (#match? @import "typing"))
((import_from_statement) @import (#match? @import "typing"))
