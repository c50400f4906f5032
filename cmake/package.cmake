# The Debian 12 package (CPack DEB): garantd and garant in /usr/bin, the
# example configuration /etc/garant/garant.conf (a conffile), the systemd unit
# /lib/systemd/system/garantd.service, the daily retention run
# garant-prune.service and garant-prune.timer (garant audit prune), the
# documentation (audit-log.md too); postinst creates the
# garant system user and /var/lib/garant. Built by scripts/package.sh into
# build/garant_<version>_<arch>.deb; checked by tests/cli/package.test.mjs.

# Installing builds nothing by itself: scripts/package.sh builds garantd and
# garant first (a `cpack` must not relink binaries tests are running).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

install(TARGETS garantd garant RUNTIME DESTINATION bin)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/garant.conf DESTINATION /etc/garant)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/garantd.service
              ${PROJECT_SOURCE_DIR}/packaging/garant-prune.service
              ${PROJECT_SOURCE_DIR}/packaging/garant-prune.timer
        DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/operations.md
              ${PROJECT_SOURCE_DIR}/docs/configuration.md ${PROJECT_SOURCE_DIR}/docs/api.md
              ${PROJECT_SOURCE_DIR}/docs/openapi.yaml ${PROJECT_SOURCE_DIR}/docs/security.md
              ${PROJECT_SOURCE_DIR}/docs/compliance-pack.md ${PROJECT_SOURCE_DIR}/docs/audit-log.md
        DESTINATION share/doc/garant)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME garant)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "SOS MÉDECINS FRANCE")
set(CPACK_PACKAGE_CONTACT "CONTACT <contact@sos-medecins.fr>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "garant: governance, consent and audit server of the CONTACT health data warehouse")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # garant_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # shared libraries, from dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql-client-15")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
