// Public cases map: Leaflet (from npm, wwwroot/lib/leaflet) with one circle per public case. Cases at private homes
// arrive already coarsened (≈ 500 m) and are drawn as a wider, fainter circle so nobody reads them as a doorstep.
(function () {
    const element = document.getElementById("public-map");
    const data = document.getElementById("public-cases-data");
    if (!element || !data || typeof L === "undefined") {
        return;
    }

    function escapeHtml(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
        });
    }

    const cases = JSON.parse(data.textContent || "[]");
    const map = L.map(element, { preferCanvas: true });
    if (element.dataset.tiles) {
        L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
    }

    const points = [];
    cases.forEach(function (c) {
        const colour = c.closed ? "#2e7d32" : "#1565c0";
        const marker = c.coarsened
            ? L.circle([c.lat, c.lon], { radius: 250, color: colour, weight: 1, fillOpacity: 0.15 })
            : L.circleMarker([c.lat, c.lon], { radius: 8, color: colour, weight: 2, fillOpacity: 0.6 });
        marker.bindPopup("<strong>" + escapeHtml(c.title) + "</strong><br>" + escapeHtml(c.status) +
            (c.coarsened ? "<br><small>" + escapeHtml(element.dataset.coarseLabel) + "</small>" : "") +
            "<br><a href=\"/track/" + encodeURIComponent(c.code) + "\">" + escapeHtml(c.code) + "</a>");
        marker.addTo(map);
        points.push([c.lat, c.lon]);
    });

    if (points.length > 0) {
        map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
    } else {
        map.setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 13);
    }
    element.dataset.markers = String(points.length);
})();
