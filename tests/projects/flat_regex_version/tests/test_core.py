import chatterbox
