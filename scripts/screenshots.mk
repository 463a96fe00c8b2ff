## ---- README screenshots (scripts/screenshots.sh) ------------------------------------------
# make screenshots   run lessons 02 (MongoDB) and 05 (goroutine timeline) through the kernel,
#                    export them with nbconvert and screenshot them with headless Chromium into
#                    docs/img/lesson-mongodb.png and docs/img/lesson-timeline.png (look at them!).
#                    Needs chromium and imagemagick (Debian: apt-get install -y chromium imagemagick).
#                    SCREENSHOTS_DIR=dir writes elsewhere.
SCREENSHOTS_DIR ?= docs/img
.PHONY: screenshots
screenshots: build mongod-build
	scripts/screenshots.sh --no-build $(SCREENSHOTS_DIR)
