#!/usr/bin/env python3
"""first-names — builds data/first-names.txt: given names of the US Social
Security Administration's and census lists as two Debian packages ship them,
less every name that is also an English word, a place's, an organisation's or
a listed person's surname (those say nothing of a person by themselves).

  python3 scripts/first-names.py > data/first-names.txt

Sources: python3-fake-factory (faker, Expat licence: the SSA's top 200 names
of the 1960s-1990s, US public data), libdata-faker-perl (Data::Faker::Name,
Artistic or GPL-1+: 3,007 US first names); filters: wamerican
(/usr/share/dict/american-english), iso-codes, data/places.txt,
data/organisations.txt, data/people.txt, data/given-names.txt."""
import glob, json, os, re, sys

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def perl_names(path="/usr/share/perl5/Data/Faker/Name.pm"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"first_name => \[qw\((.*?)\)\]", text, re.S)
    return m.group(1).split()


def faker_names():
    sys.path.insert(0, "/usr/lib/python3/dist-packages")
    from faker.providers.person.en_US import Provider
    return list(Provider.first_names_male) + list(Provider.first_names_female)


def words_of_lists():
    """One-word names of places and organisations, people's last words."""
    out = set()
    for f in ("places", "organisations", "people"):
        for line in open(os.path.join(here, f + ".txt"), encoding="utf-8"):
            if line.startswith("#") or "\t" not in line:
                continue
            cols = line.rstrip("\n").split("\t")
            names = [cols[1].split("=")[0]] + (cols[2].split("|") if len(cols) > 2 else [])
            for n in names:
                w = n.split()
                if not w:
                    continue
                if f == "people":
                    out.add(w[-1].lower())
                elif len(w) == 1:
                    out.add(w[0].lower())
    for path in glob.glob("/usr/share/iso-codes/json/iso_3166-*.json"):
        for rows in json.load(open(path, encoding="utf-8")).values():
            for r in rows:
                for k in ("name", "common_name", "official_name"):
                    for w in r.get(k, "").replace(",", " ").split():
                        out.add(w.lower())
    return out


def main():
    given = {l.split("\t")[1].strip() for l in open(os.path.join(here, "given-names.txt"), encoding="utf-8")
             if "\t" in l and not l.startswith("#")}
    lower = {w.strip() for w in open("/usr/share/dict/american-english", encoding="utf-8")
             if w.strip() and w[0].islower()}
    taken = words_of_lists()
    names = sorted({n for n in perl_names() + faker_names()
                    if len(n) >= 3 and n.isalpha() and n not in given and n.lower() not in lower
                    and n.lower() not in taken})
    print(__doc__.split("\n\n")[0].replace('"""', "").replace("first-names — builds", "# Built by scripts/first-names.py:")
          .replace("\n", "\n# "))
    print("# Sources: python3-fake-factory (faker, Expat licence; the SSA's top names,")
    print("# US public data) and libdata-faker-perl (Data::Faker::Name, Artistic or")
    print("# GPL-1+); filters and how to rebuild: scripts/first-names.py. One name a")
    print("# line; the entity stage only (given-names.txt, with genders, serves the")
    print("# others and the entity stage too).")
    for n in names:
        print(n)


if __name__ == "__main__":
    main()
