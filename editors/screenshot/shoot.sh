#!/usr/bin/env bash
# Re-take docs/images/nvim-completion.png: Neovim (Debian's, 0.7) in tmux, completion on a Given step of
# features/enacted/duty_to_notify.feature from `statute lsp`, captured with colours and rendered by headless
# Chromium. Needs: apt-get install -y neovim tmux chromium; run from the repository's root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'tmux kill-session -t statute-shot 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$root"
tmux new-session -d -s statute-shot -x 124 -y 28 \
  "STATUTE=$root/.venv/bin/statute nvim -n -u $here/nvim-init.lua features/enacted/duty_to_notify.feature"
sleep 4                                    # the server starts and checks the file
tmux send-keys -t statute-shot '13Gzt16G' 'o'
sleep 0.3
tmux send-keys -t statute-shot 'And '      # a new step under the scenario's Given
sleep 1.5
tmux send-keys -t statute-shot C-x C-o     # the LSP omnifunc: the Act's phrases
sleep 2.5
tmux capture-pane -t statute-shot -e -p > "$work/pane.ansi"
python3 "$here/ansi_html.py" "Neovim: statute lsp completion" < "$work/pane.ansi" > "$work/pane.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1070,540 \
  --screenshot="$root/docs/images/nvim-completion.png" "file://$work/pane.html" 2>/dev/null
echo "wrote docs/images/nvim-completion.png"
