# The two set-up commands: `make site` builds the site into site/, `make test` runs the tests.
# Both create .venv and install what they need on a fresh machine.
export NO_MKDOCS_2_WARNING := 1
BRIEFING := .venv/bin/briefing

.PHONY: site test serve status translate pdf bench audit clean

site:
	@scripts/setup.sh
	$(BRIEFING) build

test:
	@scripts/setup.sh test
	@scripts/system-deps.sh
	.venv/bin/python -m pytest -q

serve:
	@scripts/setup.sh
	$(BRIEFING) serve

status:
	@scripts/setup.sh
	$(BRIEFING) status

translate:
	@scripts/setup.sh
	$(BRIEFING) translate

# The PDF goes into site/ (where the home page links it): run after `make site`, which empties site/.
pdf:
	@scripts/setup.sh
	$(BRIEFING) pdf -o site/briefing.pdf

clean:
	rm -rf site build
