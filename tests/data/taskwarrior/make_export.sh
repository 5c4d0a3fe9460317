#!/bin/sh
# Makes fields.json with the real Taskwarrior (2.6): every field issue 24 asks dayledger to keep.
# Run from anywhere: sh tests/data/taskwarrior/make_export.sh (writes beside itself). The times of
# entry, modified and start are those of the run; the dates given below are fixed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
cat > "$home/taskrc" <<RC
data.location=$home
confirmation=off
verbose=nothing
hooks=off
recurrence.limit=2
uda.estimate.type=numeric
uda.estimate.label=Estimate
uda.client.type=string
uda.client.label=Client
uda.reviewed.type=date
uda.reviewed.label=Reviewed
RC
export TASKRC="$home/taskrc" TASKDATA="$home" TZ=UTC
task add Write the grant narrative project:Work due:2027-01-20 estimate:3 client:ACME reviewed:2026-11-01
task add Renew passport wait:2027-01-10 due:2027-02-01
task add Plan the trip scheduled:2027-01-15 until:2027-03-31 project:Travel
task add Book flights depends:3 project:Travel
task add Pay rent due:2026-11-01 recur:monthly
task 1 start
task list >/dev/null  # makes the occurrences of the recurring task
task 'description:Pay rent' status:pending due:2026-11-01 done
task log Old chore entry:2026-12-05 end:2026-12-01
# an attribute no uda.* setting names (Taskwarrior keeps these "orphans" and exports them)
echo '{"uuid":"6a1f0c55-2d7e-4e0b-9a51-0c2b7d1e9f01","description":"Imported with an orphan","extra":"foo","status":"pending","entry":"20261201T090000Z"}' | task import - >/dev/null 2>&1
task export > "$here/fields.json"
