; Import statements of the modules whose version attributes 3.15 deprecates; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "argparse|csv|ctypes|decimal|http|imaplib|ipaddress|json|logging|optparse|platform|re|socketserver|tabnanny|tarfile|tkinter|wsgiref|xml|zlib"))
((import_from_statement) @import (#match? @import "argparse|csv|ctypes|decimal|http|imaplib|ipaddress|json|logging|optparse|platform|re|socketserver|tabnanny|tarfile|tkinter|wsgiref|xml|zlib"))
