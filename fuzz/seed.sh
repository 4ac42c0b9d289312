#!/usr/bin/env bash
# Seeds the pipeline_python corpus with every fixture input (valid, real-world shaped Python),
# named by content as libFuzzer names its own.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/pipeline_python
find ../rewrites -path '*/fixtures/*' \( -name '*.py' -o -name '*.pyi' \) ! -name '*.expected.*' -print0 |
    while IFS= read -r -d '' f; do
        cp "$f" "corpus/pipeline_python/$(sha1sum < "$f" | cut -d' ' -f1)"
    done
echo "seeded $(find corpus/pipeline_python -type f | wc -l) files"
