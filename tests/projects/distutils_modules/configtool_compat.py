from configtool import read
