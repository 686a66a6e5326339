#!/usr/bin/env bash
# Makes the Linux desktop build: dist/observer-app/ (run dist/observer-app/observer-app).
# Uses .venv if it exists (as after the README's install command), else makes it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet -e '.[build]'
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/observer-app.spec
# PyInstaller's own hook for Babel takes the data of all 1,000 locales (30 MB): keep the
# app's three languages and the root locale they inherit from.
find dist/observer-app/_internal/babel/locale-data -name '*.dat' \
  ! -name 'root.dat' ! -name 'en.dat' ! -name 'en_*.dat' ! -name 'ru.dat' ! -name 'ru_*.dat' \
  ! -name 'kk.dat' ! -name 'kk_*.dat' -delete
cp packaging/linux/observer-app.desktop dist/observer-app/
cp resources/icons/observer-256.png dist/observer-app/observer-app.png
du -sh dist/observer-app | awk '{print "built dist/observer-app (" $1 ")"}'
