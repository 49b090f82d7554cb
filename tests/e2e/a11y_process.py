# SPDX-License-Identifier: GPL-3.0-or-later
"""Which process an application on the accessibility bus belongs to.

AT-SPI names an application by the process id of its bus connection. For a program started
directly that is the program itself (or a process it started). For an app in a Flatpak
sandbox it is the sandbox's D-Bus proxy, which flatpak starts outside the app's process tree:
the proxy's /.flatpak-info names the sandbox's instance, and the instance's pid file (in
$XDG_RUNTIME_DIR/.flatpak/<instance>/, the runtime dir of whoever ran `flatpak run`) holds the
pid of the sandbox, a child of `flatpak run`.
"""

import configparser
import os


def parent_of(pid):
    try:
        with open('/proc/%d/stat' % pid, encoding='utf-8') as stat:
            return int(stat.read().rsplit(')', 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def descends_from(pid, ancestor):
    """True when process pid is ancestor or one of its descendants."""
    while pid > 1:
        if pid == ancestor:
            return True
        pid = parent_of(pid)
    return False


def flatpak_sandbox_of(pid):
    """The pid of the Flatpak sandbox whose D-Bus proxy process pid is, or None."""
    info = configparser.ConfigParser(interpolation=None)
    try:
        info.read('/proc/%d/root/.flatpak-info' % pid, encoding='utf-8')
        instance = info.get('Instance', 'instance-id')
        with open('/proc/%d/environ' % pid, 'rb') as environ:
            variables = dict(item.split(b'=', 1) for item in environ.read().split(b'\0')
                             if b'=' in item)
        runtime_dir = variables[b'XDG_RUNTIME_DIR'].decode()
        with open(os.path.join(runtime_dir, '.flatpak', instance, 'pid'), encoding='utf-8') as pids:
            return int(pids.read().strip())
    except (OSError, ValueError, KeyError, UnicodeDecodeError, configparser.Error):
        return None


def started_by(pid, ancestor):
    """True when the application whose bus connection is process pid was started by process
    ancestor: pid descends from it, or is the D-Bus proxy of a Flatpak sandbox that does."""
    if descends_from(pid, ancestor):
        return True
    sandbox = flatpak_sandbox_of(pid)
    return sandbox is not None and descends_from(sandbox, ancestor)
