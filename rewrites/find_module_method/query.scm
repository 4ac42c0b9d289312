; Classes defining `find_module`, `find_loader` or `module_repr`.
((class_definition) @class (#match? @class "def (find_module|find_loader|module_repr)"))
