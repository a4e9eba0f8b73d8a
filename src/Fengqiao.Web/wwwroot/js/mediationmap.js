// Risk map of open mediation cases: one circle per case with a point, coloured by risk level, with a popup linking to the case.
(function () {
    const colours = { Low: "#2e7d32", Medium: "#f9a825", High: "#ef6c00", Critical: "#c62828" };
    const maps = {};
    const drawn = {};

    function escapeHtml(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
        });
    }

    window.fengqiaoMediationMap = {
        render: function (elementId, points, options) {
            const element = document.getElementById(elementId);
            if (!element || typeof L === "undefined") {
                return 0;
            }
            if (maps[elementId]) {
                maps[elementId].remove();
            }
            const map = L.map(element, { preferCanvas: true });
            maps[elementId] = map;
            if (options.tileUrl) {
                L.tileLayer(options.tileUrl, { maxZoom: 18, attribution: options.attribution || "" }).addTo(map);
            }
            const group = L.featureGroup().addTo(map);
            const counts = {};
            drawn[elementId] = (points || []).map(function (p) { return p.number; });
            (points || []).forEach(function (p) {
                counts[p.riskLevel] = (counts[p.riskLevel] || 0) + 1;
                L.circleMarker([p.latitude, p.longitude], { radius: p.riskLevel === "Critical" ? 11 : 8, color: "#263238", weight: 1, fillColor: colours[p.riskLevel] || colours.Low, fillOpacity: 0.9 })
                    .bindTooltip(escapeHtml(p.number + " " + p.title))
                    .bindPopup("<strong>" + escapeHtml(p.title) + "</strong><br>" + escapeHtml(p.number) +
                        "<br>" + escapeHtml(p.riskText) + " · " + escapeHtml(p.typeName) + " · " + escapeHtml(p.dueText) +
                        "<br><a href=\"/mediation/cases/" + encodeURIComponent(p.id) + "\" data-testid=\"map-case-link\">" + escapeHtml(options.openLabel) + "</a>")
                    .addTo(group);
            });
            const bounds = group.getBounds();
            if (bounds.isValid()) {
                map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
            } else {
                map.setView([31.36, 119.82], 11);
            }
            element.setAttribute("data-markers", String((points || []).length));
            Object.keys(colours).forEach(function (level) {
                element.setAttribute("data-markers-" + level.toLowerCase(), String(counts[level] || 0));
            });
            return (points || []).length;
        },

        // The case numbers drawn on a map, for tests and assistive checks (markers are on a canvas).
        shown: function (elementId) {
            return drawn[elementId] || [];
        }
    };
})();
