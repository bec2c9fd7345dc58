#!/usr/bin/env bash
# The directory's history step (issue 16): a site whose git history holds
# ten years of the directory — 120 agency files, 240 commits, a new edition
# (`updated:`) every third commit — and the time `munipub build` spends
# reading the editions from git and comparing them (its --verbose line
# "directory history: N editions from M commits in S s").
#
#   bench/directory_history.sh [SITE_DIR]
#
# Needs: a release build (cargo build --release), python3, git.
set -euo pipefail
cd "$(dirname "$0")/.."
SITE=${1:-/tmp/munipub-directory-history}
BIN=${BIN:-$PWD/target/release/munipub}

if [ ! -d "$SITE/.git" ]; then
  rm -rf "$SITE"
  mkdir -p "$SITE"
  python3 - "$SITE" <<'PY'
import datetime, os, random, subprocess, sys
site = sys.argv[1]
random.seed(16)
d = os.path.join(site, "content", "directory")
os.makedirs(d)
open(os.path.join(site, "site.yaml"), "w").write(
    "title: 臺中市政府出版品\nbase_url: https://www.example.gov.tw/\npublisher: 臺中市政府\n")
env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.gov.tw",
           GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.gov.tw")
def git(*args, date=None):
    e = dict(env)
    if date:
        e["GIT_AUTHOR_DATE"] = e["GIT_COMMITTER_DATE"] = date.isoformat() + "T09:00:00+08:00"
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=site, env=e, check=True,
                   stdout=subprocess.DEVNULL)
# agency -> list of (name, ext)
agencies = {f"agency-{i:03}": [(f"第{j + 1}科", 10000 + i * 80 + j * 10) for j in range(8)]
            for i in range(120)}
def write_agency(a):
    i = int(a.split("-")[1])
    lines = [f"agency: 臺中市政府第{i + 1}局", "group: 一級機關", f"order: {i}",
             "phone: 04-22289111", "units:"]
    for name, ext in agencies[a]:
        lines += [f"  - name: {name}", "    phone: 04-22289111", f'    ext: "{ext}"']
    open(os.path.join(d, a + ".yaml"), "w").write("\n".join(lines) + "\n")
def write_settings(day):
    open(os.path.join(d, "_directory.yaml"), "w").write(
        f"title: 臺中市政府各機關電話號碼表\nupdated: {day.isoformat()}\ngroups: [一級機關]\n")
git("init", "-q")
day = datetime.date(2016, 1, 4)
for a in agencies:
    write_agency(a)
write_settings(day)
git("add", "-A"); git("commit", "-q", "-m", "first edition", date=day)
for n in range(1, 240):
    day += datetime.timedelta(days=15)
    for a in random.sample(sorted(agencies), random.randint(1, 3)):
        units = agencies[a]
        k = random.randrange(len(units))
        units[k] = (units[k][0], units[k][1] + 1)
        write_agency(a)
    if n % 3 == 0:
        write_settings(day)
    git("add", "-A"); git("commit", "-q", "-m", f"change {n}", date=day)
PY
fi

echo "== $(git -C "$SITE" rev-list --count HEAD) commits, $(ls "$SITE/content/directory" | wc -l) files in content/directory"
for i in 1 2 3; do
  rm -f "$SITE/.munipub-cache/v1/last-build.json"
  "$BIN" --root "$SITE" build --no-pdf --verbose --out /tmp/munipub-directory-history-public 2>&1 \
    | grep -E "directory history|built "
done
