; Subscripted names, as expressions and in annotations; string annotations and `cast()` types
; (their content is parsed and searched too).
(subscript value: [(identifier) (attribute)]) @node
(generic_type (identifier)) @node
(type (string) @string)
(call arguments: (argument_list . (string) @string))
; Imports, to remove those the rewrite leaves unused.
(import_statement) @import
(import_from_statement) @import
