#!/usr/bin/env python3
"""Drives Debian's headless Chromium through ChromeDriver (W3C WebDriver, no Python
packages needed) over a running ratsinfo: loads the landing page, types a search into
the box and sends it, opens the first result, and takes screenshots, at phone width.
Fails with a message naming the step when a page is broken.

usage: drive.py BASE_URL OUT_DIR
"""

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

BASE, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
PHONE = (412, 915)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["chromedriver", f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-extensions",
            "--no-first-run",
            f"--window-size={PHONE[0]},{PHONE[1]}",
        ]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
        }}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return json.load(r).get("value")
        except urllib.error.HTTPError as e:
            raise SystemExit(f"webdriver {method} {path}: {e.read().decode()[:400]}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def find(self, css):
        found = self.s("POST", "/elements", {"using": "css selector", "value": css})
        return [list(e.values())[0] for e in found]

    def js(self, script):
        return self.s("POST", "/execute/sync", {"script": script, "args": []})

    def screenshot(self, name):
        png = base64.b64decode(self.s("GET", "/screenshot"))
        check(png.startswith(b"\x89PNG") and len(png) > 5000, f"screenshot {name} is empty")
        with open(os.path.join(OUT, f"{name}.png"), "wb") as f:
            f.write(png)

    def quit(self):
        try:
            self.s("DELETE", "")
        finally:
            self.proc.terminate()


def check(ok, message):
    if not ok:
        raise SystemExit(f"browser test failed: {message}")


def page_state(d, step):
    """The rendered page's text and a check that it fits a phone's width."""
    text = d.js("return document.body.innerText")
    check(d.js("return document.documentElement.lang") == "de", f"{step}: lang is not de")
    wide = d.js("return document.documentElement.scrollWidth - window.innerWidth")
    check(wide <= 1, f"{step}: the page is {wide}px wider than a phone screen")
    check(d.find('link[rel="alternate"][type="application/json"]'), f"{step}: no JSON twin")
    return text


def main():
    os.makedirs(OUT, exist_ok=True)
    d = Driver()
    try:
        d.go(BASE + "/")
        text = page_state(d, "landing page")
        for words in ["Stadt Bielefeld", "Drucksachen", "Sitzungen", "API-Dokumentation"]:
            check(words in text, f"landing page does not show {words!r}")
        d.screenshot("landing")

        box = d.find("main form.search input[name=q]")
        check(box, "landing page has no search box")
        d.s("POST", f"/element/{box[0]}/value", {"text": "Serviceportal"})
        d.s("POST", f"/element/{d.find('main form.search button')[0]}/click", {})
        for _ in range(50):
            if "/search?" in d.s("GET", "/url"):
                break
            time.sleep(0.1)
        check("q=Serviceportal" in d.s("GET", "/url"), "the search box did not lead to results")
        text = page_state(d, "search results")
        check("Treffer" in text, "the results page shows no count of hits")
        check(d.find("ol.results mark"), "no highlighted word in the snippets")
        d.screenshot("search")

        results = d.find("ol.results li a")
        check(results, "no result to open")
        title = d.s("GET", f"/element/{results[0]}/text")
        d.s("POST", f"/element/{results[0]}/click", {})
        for _ in range(50):
            if "/search?" not in d.s("GET", "/url"):
                break
            time.sleep(0.1)
        text = page_state(d, "first result")
        heading = d.js("return document.querySelector('h1').innerText")
        check(heading.strip(), "the result page has no heading")
        check(title.strip()[:20] in text, f"the result page does not show {title!r}")
        d.screenshot("result")

        d.go(BASE + "/meetings/1")
        text = page_state(d, "meeting page")
        check("Tagesordnung" in text and "TOP 1" in text, "the meeting page shows no agenda")
        check(d.find("svg.chart"), "the meeting page draws no vote bar")
        d.screenshot("meeting")
        print(f"browser test: landing, search {title!r}, result and meeting pages render; screenshots in {OUT}")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
