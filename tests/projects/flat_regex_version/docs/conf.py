project = "chatterbox"
