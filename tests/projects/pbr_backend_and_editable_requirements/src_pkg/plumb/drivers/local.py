class Local:
    pass
