#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Flathub asks of the metainfo beyond appstreamcli's validation.

Usage: check-metainfo.py METAINFO PROJECT_VERSION SCREENSHOT_DIR

Fails (exit 1, one line per problem) unless:
- every screenshot has a caption and an image served from this repository's data/screenshots
  whose file is there, is a PNG and is at least 624×351 (Flathub's smallest);
- exactly one screenshot is the default;
- the newest release is the project's version and has release notes;
- the content rating is OARS 1.1;
- the keyboard is declared (recommends or supports) beside the pointer.
"""

import struct
import sys
import xml.etree.ElementTree as ET

RAW_PREFIX = 'https://raw.githubusercontent.com/rapportdesk/rapport/main/data/screenshots/'
MIN_WIDTH, MIN_HEIGHT = 624, 351


def png_size(path):
    with open(path, 'rb') as png:
        head = png.read(24)
    if len(head) < 24 or head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def version_key(version):
    return tuple(int(part) for part in version.split('.'))


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    metainfo, project_version, screenshot_dir = sys.argv[1:]
    root = ET.parse(metainfo).getroot()
    problems = []

    screenshots = root.findall('./screenshots/screenshot')
    if not screenshots:
        problems.append('no screenshot')
    if sum(1 for s in screenshots if s.get('type') == 'default') != 1:
        problems.append('there must be exactly one default screenshot')
    for shot in screenshots:
        url = (shot.findtext('image') or '').strip()
        caption = (shot.findtext('caption') or '').strip()
        if not caption:
            problems.append('screenshot %s has no caption' % url)
        if not url.startswith(RAW_PREFIX):
            problems.append('screenshot %s is not served from %s' % (url, RAW_PREFIX))
            continue
        name = url[len(RAW_PREFIX):]
        path = '%s/%s' % (screenshot_dir, name)
        try:
            size = png_size(path)
        except OSError as error:
            problems.append('screenshot %s: %s' % (url, error))
            continue
        if size is None:
            problems.append('%s is not a PNG' % path)
        elif size[0] < MIN_WIDTH or size[1] < MIN_HEIGHT:
            problems.append('%s is %d×%d, smaller than %d×%d' % (path, size[0], size[1],
                                                                MIN_WIDTH, MIN_HEIGHT))

    releases = root.findall('./releases/release')
    if not releases:
        problems.append('no release')
    else:
        newest = max(releases, key=lambda r: version_key(r.get('version', '0')))
        if newest.get('version') != project_version:
            problems.append('the newest release is %s, the project is %s'
                            % (newest.get('version'), project_version))
        if newest.find('description') is None or not ''.join(newest.find('description').itertext()).strip():
            problems.append('release %s has no notes' % newest.get('version'))

    rating = root.find('content_rating')
    if rating is None or rating.get('type') != 'oars-1.1':
        problems.append('no OARS 1.1 content rating')

    controls = {c.text for c in root.findall('./recommends/control') + root.findall('./supports/control')}
    for control in ('keyboard', 'pointing'):
        if control not in controls:
            problems.append('the %s control is not declared' % control)

    for problem in problems:
        print('check-metainfo: %s' % problem, file=sys.stderr)
    if not problems:
        print('check-metainfo: %d screenshots, newest release %s: OK'
              % (len(screenshots), project_version))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
