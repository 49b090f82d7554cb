# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# shellcheck disable=SC2034  # the package lists are used by the scripts that source this
#
# Shared by tools/run and tools/test: Debian package lists, installing what is missing, and
# configuring a meson build directory. Source it; do not run it.

RAPPORT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# What building Rapport needs (Debian 12 names).
RAPPORT_BUILD_PACKAGES=(
  gcc libc6-dev pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev
  libsecret-1-dev libxml2-dev
  libxtst-dev  # the benchmark types real keys through XTest (tests/bench)
  # At run time, not pulled in with --no-install-recommends: the SVG loader without which no
  # symbolic or scalable icon loads (GTK then warns and shows a broken image), and GNOME's UI
  # font.
  librsvg2-common fonts-cantarell
)

# What the test suites need on top: a virtual X server and a private session bus, the
# accessibility stack for the end-to-end test, a keyring, screenshots and the validators of
# the lint suite.
RAPPORT_TEST_PACKAGES=(
  xvfb xauth dbus at-spi2-core python3 python3-gi python3-pyatspi gnome-keyring imagemagick
  desktop-file-utils appstream flatpak-builder
  tzdata  # the authority policy names its time zone (tests/core/authority)
)

# What the sanitizer run and the fuzz harnesses of tools/test and tools/fuzz need: clang,
# whose compiler-rt holds the AddressSanitizer, UBSan and libFuzzer runtimes.
RAPPORT_SANITIZER_PACKAGES=(
  clang-14 libclang-rt-14-dev
)

# What tools/flatpak needs on the host: debootstrap for the Debian 13 chroot the stand-in
# runtimes are made of, flatpak and flatpak-builder with ostree (the runtimes' repository),
# elfutils (flatpak-builder strips with it) and bubblewrap (the sandbox); xdg-desktop-portal
# and gnome-keyring serve the Secret portal to the sandboxed app, as a GNOME desktop does.
RAPPORT_FLATPAK_PACKAGES=(
  debootstrap debian-archive-keyring flatpak flatpak-builder ostree elfutils bubblewrap
  xdg-desktop-portal gnome-keyring
)

# What the integration suites need: a real Request Tracker 5 server that the tests start on
# 127.0.0.1 (request-tracker5 and its SQLite and standalone-server packages), as listed in
# tests/integration/rt-packages.txt. tools/test installs them with
# tests/integration/install-rt.sh, which preseeds debconf before apt runs.
RAPPORT_INTEGRATION_PACKAGES=()
while read -r rapport_pkg; do
  RAPPORT_INTEGRATION_PACKAGES+=("$rapport_pkg")
done < <(grep -v -E '^[[:space:]]*(#|$)' "$RAPPORT_ROOT/tests/integration/rt-packages.txt")
unset rapport_pkg

rapport_say ()
{
  printf '%s: %s\n' "$(basename "$0")" "$*" >&2
}

rapport_die ()
{
  rapport_say "$@"
  exit 1
}

# rapport_as_root CMD ARGS… : run as root, through sudo when we are not root.
rapport_as_root ()
{
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    rapport_die "need root to run '$*', and sudo is not installed"
  fi
}

# rapport_ensure_packages PKG… : install the packages that are not installed yet. apt-get
# update runs only when something is missing, so a second run touches nothing.
rapport_ensure_packages ()
{
  local missing=() pkg status

  if ! command -v dpkg-query >/dev/null 2>&1; then
    rapport_say "not a Debian system; make sure these are installed: $*"
    return 0
  fi
  for pkg in "$@"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != installed ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi

  rapport_say "installing ${missing[*]}"
  rapport_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=600 update
  rapport_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
}

# rapport_setup_build DIR [MESON OPTIONS…] : configure DIR, or reconfigure it with these
# options when it is already a build directory.
rapport_setup_build ()
{
  local dir="$1"
  shift

  if [[ -f "$dir/meson-private/coredata.dat" ]]; then
    meson setup --reconfigure "$dir" "$RAPPORT_ROOT" "$@"
  else
    meson setup "$dir" "$RAPPORT_ROOT" "$@"
  fi
}
