import tinyjson
