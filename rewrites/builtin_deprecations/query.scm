; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "builtins"))
((import_from_statement) @import (#match? @import "builtins"))
; `gen.throw(type, value, tb)`.
(call function: (attribute attribute: (identifier) @throw_method) arguments: (argument_list) (#any-of? @throw_method "throw" "athrow")) @throw
; `~flag` on a bool.
(unary_operator operator: "~" argument: (_) @operand) @invert
; `return not self.__eq__(other)`.
(return_statement (not_operator argument: (call function: (attribute attribute: (identifier) @eq) arguments: (argument_list))) (#eq? @eq "__eq__")) @ne
; classes defining `__trunc__`.
((class_definition) @class (#match? @class "def __trunc__"))
; `complex(a, b)`.
(call function: (identifier) @complex_fn (#eq? @complex_fn "complex")) @complex
