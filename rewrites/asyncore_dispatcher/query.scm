; The whole module: the migration rewrites every dispatcher class and the loop together.
(module) @module
