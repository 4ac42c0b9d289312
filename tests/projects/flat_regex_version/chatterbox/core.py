def say(x):
    return x
