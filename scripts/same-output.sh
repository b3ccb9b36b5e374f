#!/usr/bin/env bash
# Shows that a change left every output of concord as it was: writes what a binary prints on
# the same negotiations into a folder, then compares two such folders byte for byte.
#
# Usage:
#   scripts/same-output.sh write BIN OUT [--small]   every output of BIN into OUT (absent or empty)
#   scripts/same-output.sh compare OLD NEW           what differs between two OUT folders
#
# `write` runs, on `drafts/`, on the stress negotiation (`simulate --profile stress --seed 1`,
# as scripts/bench.sh makes it) and on the simulate pair of the bench (`--pair-words 1000000
# --edit-share 0.1`): diff (text, md, json; every pair of revisions on drafts/, every step and
# several spans on the others), blame, amendments, status, report md/html/json, export docx
# (plain and with tracked changes) and md/txt. It also runs `concord simulate` itself (the
# folders above and smaller profiles, byte for byte) and `simulate --score` on its output.
# `--small` uses a stress negotiation of 250 elements and 5 revisions instead (about 10 times
# faster). Standard error and exit codes are kept too; the paths of OUT and of the data are
# written OUT and DATA in what the commands print.
#
# The negotiations read are generated once into CONCORD_SAME_DATA (default
# target/same-output/data) with the first binary given, and reused: both folders compared must
# come from the same data, which `compare` checks (OUT/data.sha256).
#
# `compare` prints every file present on one side only and every file that differs (the first
# lines of a text diff; for a .docx, the parts of the package that differ) and exits 1 if
# anything does.
set -euo pipefail

usage() {
    sed -n '5,7p' "$0" | sed 's/^# //' >&2
    exit 2
}

# --- compare ---------------------------------------------------------------------------------
compare() {
    local old=$1 new=$2 differ=0 same=0 f
    [[ -d $old && -d $new ]] || { echo "compare: $old and $new must be folders" >&2; exit 2; }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$old" && find . -type f | sort) >"$tmp/old"
    (cd "$new" && find . -type f | sort) >"$tmp/new"
    while read -r f; do
        echo "only in $old: ${f#./}"
        differ=$((differ + 1))
    done < <(comm -23 "$tmp/old" "$tmp/new")
    while read -r f; do
        echo "only in $new: ${f#./}"
        differ=$((differ + 1))
    done < <(comm -13 "$tmp/old" "$tmp/new")
    while read -r f; do
        if cmp -s "$old/$f" "$new/$f"; then
            same=$((same + 1))
            continue
        fi
        differ=$((differ + 1))
        echo "differs: ${f#./}"
        if [[ $f == *.docx ]]; then
            rm -rf "$tmp/a" "$tmp/b"
            unzip -qq -o "$old/$f" -d "$tmp/a" && unzip -qq -o "$new/$f" -d "$tmp/b" || {
                echo "    (not a zip package)"
                continue
            }
            diff -rq "$tmp/a" "$tmp/b" |
                sed -E "s#^Files $tmp/a/(.*) and .* differ\$#part \1 differs#; s#$tmp/a#old#; s#$tmp/b#new#; s/^/    /" || true
            [[ $(diff -r "$tmp/a" "$tmp/b") ]] || echo "    every part is the same: only the zip container differs"
        else
            diff -u "$old/$f" "$new/$f" | sed -n '3,14p' | cut -c1-200 | sed 's/^/    /' || true
        fi
    done < <(comm -12 "$tmp/old" "$tmp/new")
    echo "$same files identical, $differ differ or are missing"
    ((differ == 0))
}

# --- write -----------------------------------------------------------------------------------
write() {
    local bin=$1 out=$2 small=${3:-}
    [[ -x $bin ]] || { echo "write: $bin is not an executable" >&2; exit 2; }
    bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
    if [[ -e $out ]] && [[ -n $(ls -A "$out") ]]; then
        echo "write: $out is not empty" >&2
        exit 2
    fi
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    cd "$(dirname "$0")/.."
    local data=${CONCORD_SAME_DATA:-target/same-output/data}
    mkdir -p "$data"
    data=$(cd "$data" && pwd)
    local stress=stress
    local stress_args=(--seed 1 --profile stress)
    if [[ $small == --small ]]; then
        stress=stress-small
        stress_args+=(--elements 250 --revisions 5 --amendments-per-revision 250)
    fi
    local pair_args=(--seed 1 --pair-words 1000000 --edit-share 0.1)
    [[ -f $data/$stress/negotiation.yaml ]] || "$bin" simulate "${stress_args[@]}" --out "$data/$stress" >/dev/null
    [[ -f $data/sim-1m/negotiation.yaml ]] || "$bin" simulate "${pair_args[@]}" --out "$data/sim-1m" >/dev/null
    rm -rf "$data/drafts"
    cp -r drafts "$data/drafts"
    (cd "$data" && find drafts "$stress" sim-1m -type f | sort | xargs sha256sum) >"$out/data.sha256"

    export COLUMNS=100
    unset NO_COLOR CONCORD_QUIET
    local dir
    # run NAME ARGS...: standard output into NAME, standard error into NAME.stderr (when not
    # empty), the exit code into exit-codes.
    run() {
        local name=$1 rc=0
        shift
        "$bin" "$@" >"$dir/$name" 2>"$dir/$name.stderr" || rc=$?
        local f
        for f in "$dir/$name" "$dir/$name.stderr"; do
            if grep -qF -e "$out" -e "$data" "$f"; then sed -i "s#$out#OUT#g; s#$data#DATA#g" "$f"; fi
        done
        [[ -s $dir/$name.stderr ]] || rm "$dir/$name.stderr"
        echo "$name $rc" >>"$dir/exit-codes"
        printf '.' >&2
    }

    local set
    for set in drafts "$stress" sim-1m; do
        dir=$out/$set
        mkdir -p "$dir"
        printf '%s ' "$set" >&2
        local d=$data/$set
        local g=(--drafts "$d" --color never)
        run report.json report "${g[@]}" --format json
        run report.md report "${g[@]}" --format md
        run report.html report "${g[@]}" --format html
        local revs
        mapfile -t revs < <(jq -r '.revisions[].id' "$dir/report.json")
        local last=$((${#revs[@]} - 1)) pairs=() i j
        if [[ $set == drafts ]]; then
            for ((i = 0; i < last; i++)); do
                for ((j = i + 1; j <= last; j++)); do pairs+=("$i $j"); done
            done
        else
            for ((i = 0; i < last; i++)); do pairs+=("$i $((i + 1))"); done
            ((last >= 2)) && pairs+=("0 $last" "$((last - 2)) $last" "0 $((last / 2))")
        fi
        local p a b
        for p in "${pairs[@]}"; do
            read -r i j <<<"$p"
            a=${revs[$i]} b=${revs[$j]}
            run "diff-$a-$b.json" diff "$a" "$b" "${g[@]}" --format json
            # The text views of every pair on drafts/, of the latest step and the whole path
            # elsewhere (the JSON carries every hunk and credit of the others).
            if [[ $set == drafts ]] || ((j == last && (i == last - 1 || i == 0))); then
                run "diff-$a-$b.txt" diff "$a" "$b" "${g[@]}"
                run "diff-$a-$b.md" diff "$a" "$b" "${g[@]}" --format md
            fi
        done
        run diff-default.txt diff "${g[@]}"
        if [[ $set == drafts ]]; then
            run diff-default-color.txt diff --drafts "$d" --color always
            run diff-default-columns.txt diff "${g[@]}" --layout columns
            run diff-default-by-state.txt diff "${g[@]}" --by-state
            local e
            e=$(jq -r '.elements[0].id' "$dir/report.json")
            run "diff-$e.txt" diff "${revs[0]}" "${revs[$last]}" "${g[@]}" --element "$e"
        fi
        local blamed=("${revs[@]}")
        [[ $set == drafts ]] || blamed=("${revs[0]}" "${revs[$((last / 2))]}" "${revs[$last]}")
        local r
        for r in "${blamed[@]}"; do
            run "blame-$r.json" blame "$r" "${g[@]}" --format json
            run "blame-$r.txt" blame "$r" "${g[@]}"
        done
        run amendments.txt amendments "${g[@]}"
        run amendments.json amendments "${g[@]}" --format json
        run amendments.csv amendments "${g[@]}" --format csv
        if [[ $set == drafts ]]; then
            for r in "${revs[@]}"; do run "amendments-$r.txt" amendments "$r" "${g[@]}"; done
            run amendments-adopted.txt amendments "${g[@]}" --outcome adopted
        fi
        run status.txt status "${g[@]}" --width 100
        run status-why.txt status "${g[@]}" --width 100 --why
        run status-contested.txt status "${g[@]}" --width 100 --status contested
        [[ $set == drafts ]] && run status-color.txt status --drafts "$d" --color always --width 100
        local since=("${revs[$((last - 1))]}" "${revs[0]}")
        run "export-${revs[$last]}.docx.log" export "${g[@]}" -o "$dir/export-${revs[$last]}.docx"
        for r in "${since[@]}"; do
            run "export-${revs[$last]}-since-$r.docx.log" export "${g[@]}" --since "$r" \
                -o "$dir/export-${revs[$last]}-since-$r.docx"
        done
        run "export-${revs[$last]}.md" export "${g[@]}" --format md
        run "export-${revs[$last]}.txt" export "${g[@]}" --format txt
        if [[ $set == drafts ]]; then
            for r in "${revs[@]}"; do
                run "export-$r.md" export "$r" "${g[@]}" --format md
                [[ $r == "${revs[0]}" ]] && continue
                run "export-$r-since-${revs[0]}.docx.log" export "$r" "${g[@]}" --since "${revs[0]}" \
                    -o "$dir/export-$r-since-${revs[0]}.docx"
            done
        fi
        echo >&2
    done

    # concord simulate itself: the folders above, byte for byte, and smaller profiles; the
    # engine scored on them.
    dir=$out/simulate
    mkdir -p "$dir"
    printf 'simulate ' >&2
    run stress.log simulate "${stress_args[@]}" --out "$dir/$stress"
    run sim-1m.log simulate "${pair_args[@]}" --out "$dir/sim-1m"
    local seed
    for seed in 1 2 3; do
        run "realistic-$seed.log" simulate --seed "$seed" --out "$dir/realistic-$seed"
        run "verbatim-$seed.log" simulate --seed "$seed" --profile verbatim --out "$dir/verbatim-$seed"
    done
    run score-realistic.txt simulate --score "$dir"/realistic-{1,2,3}
    run score-realistic.json simulate --score "$dir"/realistic-{1,2,3} --format json
    run score-verbatim.json simulate --score "$dir"/verbatim-{1,2,3} --format json
    run "score-$stress.json" simulate --score "$dir/$stress" --format json
    echo >&2
    echo "wrote $(find "$out" -type f | wc -l) files into $out" >&2
}

case ${1:-} in
write)
    (($# >= 3 && $# <= 4)) || usage
    write "$2" "$3" "${4:-}"
    ;;
compare)
    (($# == 3)) || usage
    compare "$2" "$3"
    ;;
*) usage ;;
esac
