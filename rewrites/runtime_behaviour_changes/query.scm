; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "multiprocessing|concurrent"))
((import_from_statement) @import (#match? @import "multiprocessing|concurrent"))
; `return` / `break` / `continue` in a `finally` block.
((finally_clause) @finally)
; calls that start processes.
((call function: (_) @process_fn) @process_call (#match? @process_fn "(Process|Pool|ProcessPoolExecutor)$"))
; `x is Union[...]`, `cls.__annotations__`, `@classmethod` over `@property`.
((comparison_operator) @comparison (#match? @comparison "(Union|Optional)\\["))
((attribute attribute: (identifier) @annotations) @annotations_use (#eq? @annotations "__annotations__"))
(decorated_definition (decorator) @first . (decorator) @second) @decorated
; copies and pickles, `isinstance(x, ByteString)`, format specs, markers, pointers, module attributes.
((call function: (_) @callee arguments: (argument_list) @call_args) @any_call (#match? @callee "(copy|deepcopy|dumps|dump|POINTER|format|isinstance|issubclass|getmark|setmark|getmarkers|get_methods)$"))
((attribute attribute: (identifier) @typing_name) @typing_use (#any-of? @typing_name "AnyStr" "ByteString"))
(assignment left: (attribute attribute: (identifier) @module_attr) (#any-of? @module_attr "__package__" "__cached__" "__loader__")) @module_assign
(class_definition body: (block (expression_statement (assignment left: (identifier) @pack)))) @pack_class
; `code.co_lnotab`, `te.exc_type`, `return value` in test methods.
((attribute attribute: (identifier) @legacy_attr) @legacy_attr_use (#any-of? @legacy_attr "co_lnotab" "exc_type"))
((function_definition name: (identifier) @test_name body: (block)) @test_method (#match? @test_name "^test"))
; `__cached__` read (a module's, or the module global): gone in Python 3.15.
((identifier) @cached (#eq? @cached "__cached__"))
