class IRC:
    pass
