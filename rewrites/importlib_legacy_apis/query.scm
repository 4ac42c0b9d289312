; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "importlib|zipimport"))
((import_from_statement) @import (#match? @import "importlib|zipimport"))
; `loader.load_module(name)` on importlib loaders.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#eq? @method "load_module")) @load_module
