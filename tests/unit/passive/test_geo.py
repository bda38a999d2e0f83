"""Country and network owner from MaxMind-format databases the user supplies (built here with mmdb-writer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lan import CLOUD_HIK, HIKVISION
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from camaudit.passive.geo import GeoError, GeoLookup
from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("mmdb")
    country = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-Country")
    country.insert_network(IPSet(["198.51.100.0/24"]),
                           {"country": {"iso_code": "DE", "names": {"en": "Germany"}}})
    country.insert_network(IPSet(["203.0.113.0/24"]), {"registered_country": {"iso_code": "CN", "names": {"en": "China"}}})
    asn = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-ASN")
    asn.insert_network(IPSet(["198.51.100.0/24"]),
                       {"autonomous_system_number": 16509, "autonomous_system_organization": "AMAZON-02"})
    country.to_db_file(str(folder / "country.mmdb"))
    asn.to_db_file(str(folder / "asn.mmdb"))
    return folder / "country.mmdb", folder / "asn.mmdb"


def test_lookup_reads_country_and_owner(databases: tuple[Path, Path]) -> None:
    with GeoLookup(*databases) as geo:
        place = geo.place("198.51.100.10")
        assert (place.country, place.country_name, place.asn, place.as_org) == ("DE", "Germany", 16509, "AMAZON-02")
        assert geo.place("203.0.113.5").country == "CN"  # from registered_country when no country
        assert geo.place("192.0.2.1").country is None


def test_the_cloud_finding_names_where_the_servers_are(lan_files: dict[str, Path],
                                                        databases: tuple[Path, Path]) -> None:
    options = PassiveOptions(LocalNets.default(), geoip=databases[0], asn=databases[1])
    result = analyse([lan_files["pcap"]], options)
    hik = next(d for d in result.devices if d.addresses[0].ip == HIKVISION[1])
    finding = next(f for f in hik.findings if f.kind == "cloud-traffic")
    assert f"{CLOUD_HIK[1]} port 443/tcp (Germany, AMAZON-02)" in finding.explanation
    assert finding.details["destinations"][0]["country"] == "DE"


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "GeoLite2-Country.mmdb"
    bogus.write_bytes(b"not a database")
    with pytest.raises(GeoError, match=r"^--geoip .*GeoLite2-Country.mmdb: not a MaxMind DB file"):
        GeoLookup(bogus, None)
    with pytest.raises(GeoError, match="no such file"):
        GeoLookup(None, tmp_path / "missing.mmdb")
