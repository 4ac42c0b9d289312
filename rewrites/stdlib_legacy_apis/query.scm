; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "urllib|pty|glob|sys|re|token|opcode|platform|ctypes|typing|email|random|shlex|sysconfig|shutil|webbrowser|nturl2path|enum|pickle|http|pydoc"))
((import_from_statement) @import (#match? @import "urllib|pty|glob|sys|re|token|opcode|platform|ctypes|typing|email|random|shlex|sysconfig|shutil|webbrowser|nturl2path|enum|pickle|http|pydoc"))
