// Map of open cases for the staff console: one circle per case, coloured by deadline state, with a popup linking to the case.
(function () {
    const colours = { Normal: "#2e7d32", DueSoon: "#f9a825", Overdue: "#c62828" };
    const maps = {};

    function escapeHtml(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
        });
    }

    window.fengqiaoCaseMap = {
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
            (points || []).forEach(function (p) {
                const colour = colours[p.deadlineState] || colours.Normal;
                L.circleMarker([p.latitude, p.longitude], { radius: 8, color: "#263238", weight: 1, fillColor: colour, fillOpacity: 0.9 })
                    .bindTooltip(escapeHtml(p.trackingCode + " " + p.title))
                    .bindPopup("<strong>" + escapeHtml(p.title) + "</strong><br>" + escapeHtml(p.trackingCode) +
                        "<br>" + escapeHtml(p.statusText) + " · " + escapeHtml(p.deadlineText) +
                        "<br><a href=\"/cases/" + encodeURIComponent(p.id) + "\" data-testid=\"map-case-link\">" + escapeHtml(options.openLabel) + "</a>")
                    .addTo(group);
            });
            const bounds = group.getBounds();
            if (bounds.isValid()) {
                map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
            } else {
                map.setView([31.36, 119.82], 11);
            }
            element.setAttribute("data-markers", String((points || []).length));
            return (points || []).length;
        }
    };
})();
