; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "turtle|urllib|pty|glob|sys|re|token|opcode|platform|ctypes|typing|email|random|shlex|sysconfig|shutil|webbrowser|nturl2path|enum|pickle|http|pydoc"))
((import_from_statement) @import (#match? @import "turtle|urllib|pty|glob|sys|re|token|opcode|platform|ctypes|typing|email|random|shlex|sysconfig|shutil|webbrowser|nturl2path|enum|pickle|http|pydoc"))
; `t.settiltangle(angle)` on turtles; `os.f(bytearray(...))`.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#eq? @method "settiltangle")) @tilt
(call function: (_) @os_fn arguments: (argument_list . (call function: (identifier) @wrapper) @bytes_arg) (#any-of? @wrapper "bytearray" "memoryview")) @os_call
