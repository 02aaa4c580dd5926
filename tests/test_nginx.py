"""docs/nginx.conf, the county server's settings: it names what the README promises, and Debian's real nginx
serves the built sample site with it (HTTPS only, gzip, caching, the site's own 404 page).

The serving test runs nginx when it is installed (`.ci/run` installs Debian's nginx-light), on free ports,
with a self-signed certificate made by openssl, in a temporary folder; it starts no system service.
"""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT, SAMPLE, loaded

CONF = ROOT / "docs" / "nginx.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def test_the_example_names_the_404_page_gzip_https_and_the_sites_host():
    text = CONF.read_text(encoding="utf-8")
    assert re.search(r"^\s*error_page 404 /404\.html;", text, re.M)
    assert re.search(r"^\s*gzip on;", text, re.M) and "text/css application/javascript" in text
    assert re.search(r"return 301 https://\$host\$request_uri;", text)
    assert re.search(r"Cache-Control \"public, max-age=31536000, immutable\"", text)
    host = urlsplit(loaded(SAMPLE).site.base_url).hostname
    assert set(re.findall(r"server_name (\S+);", text)) == {host}  # the example matches the sample's base_url
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/nginx.conf" in readme


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port: int, path: str, tls: bool = True, **headers: str) -> http.client.HTTPResponse:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's self-signed certificate
    connection = (http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10) if tls
                  else http.client.HTTPConnection("127.0.0.1", port, timeout=10))
    connection.request("GET", path, headers={"Host": "zdxm.example.cn", **headers})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture
def nginx(sample_site: Path, tmp_path: Path):
    """docs/nginx.conf serving the built sample site, its ports, paths and certificate made local."""
    if NGINX is None:
        pytest.skip("nginx 未安装（.ci/run 会安装 Debian 的 nginx-light）")
    key, certificate = tmp_path / "site.key", tmp_path / "site.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=zdxm.example.cn", "-keyout", str(key), "-out", str(certificate)], check=True,
                   capture_output=True)
    http_port, https_port = _free_port(), _free_port()
    server = CONF.read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{http_port};"), ("listen [::]:80;", ""),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("listen [::]:443 ssl http2;", ""), ("/var/www/zdxm", str(sample_site)),
                     ("/etc/nginx/ssl/zdxm.example.cn.pem", str(certificate)),
                     ("/etc/nginx/ssl/zdxm.example.cn.key", str(key))):
        assert old in server, old
        server = server.replace(old, new)
    (tmp_path / "zdxm.conf").write_text(server, encoding="utf-8")
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / folder).mkdir()
    (tmp_path / "nginx.conf").write_text(f"""daemon off;
master_process off;
pid {tmp_path}/nginx.pid;
error_log stderr;
events {{}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/zdxm.conf;
}}
""", encoding="utf-8")
    command = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                _request(https_port, "/")
                break
            except OSError:
                time.sleep(0.1)
        yield http_port, https_port, sample_site
    finally:
        process.terminate()
        process.communicate(timeout=20)


def test_nginx_serves_the_site_over_https_with_gzip_caching_and_the_404_page(nginx):
    http_port, https_port, site = nginx
    redirect = _request(http_port, "/projects/", tls=False)
    assert (redirect.status, redirect.getheader("Location")) == (301, "https://zdxm.example.cn/projects/")

    home = _request(https_port, "/", **{"Accept-Encoding": "gzip"})
    assert home.status == 200 and home.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(home.body) == (site / "index.html").read_bytes()
    assert home.getheader("Cache-Control") == "no-cache"
    assert home.getheader("Content-Type") == "text/html; charset=utf-8"

    stylesheet = next((site / "assets" / "stylesheets").glob("main.*.min.css")).name
    asset = _request(https_port, f"/assets/stylesheets/{stylesheet}")
    assert asset.status == 200 and asset.getheader("Cache-Control") == "public, max-age=31536000, immutable"

    missing = _request(https_port, "/projects/no-such-project/")
    assert missing.status == 404 and missing.body == (site / "404.html").read_bytes()

    csv_file = next((site / "data").glob("*.csv")).name
    download = _request(https_port, f"/data/{csv_file}")
    assert download.status == 200 and download.getheader("Content-Type") == "text/csv; charset=utf-8"
    assert download.body.startswith(b"\xef\xbb\xbf")  # the BOM Excel and WPS need
