// Grid map: Leaflet (from npm, wwwroot/lib/leaflet) showing grid polygons coloured by community, with community outlines.
(function () {
    const palette = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e", "#283593", "#558b2f", "#f9a825", "#37474f"];
    const maps = {};

    function colourOf(key) {
        let hash = 0;
        for (let i = 0; i < key.length; i++) {
            hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
        }
        return palette[hash % palette.length];
    }

    function escapeHtml(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
        });
    }

    window.fengqiaoMap = {
        render: function (elementId, geojson, options) {
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
            const data = typeof geojson === "string" ? JSON.parse(geojson) : geojson;
            const layer = L.geoJSON(data, {
                style: function (feature) {
                    const colour = colourOf(feature.properties.communityCode || "");
                    return { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.28 };
                },
                onEachFeature: function (feature, polygon) {
                    const p = feature.properties;
                    const workers = (p.workers || []).length ? p.workers.join("、") : options.noWorker;
                    polygon.bindTooltip(escapeHtml(p.name));
                    polygon.bindPopup("<strong>" + escapeHtml(p.name) + "</strong><br>" + escapeHtml(p.communityName) +
                        "<br>" + escapeHtml(options.workerLabel) + "：" + escapeHtml(workers) +
                        "<br><a href=\"/units/" + encodeURIComponent(p.code) + "\">" + escapeHtml(options.openLabel) + "</a>" +
                        (options.peopleLabel ? " · <a href=\"/places/grids/" + encodeURIComponent(p.code) + "\">" + escapeHtml(options.peopleLabel) + "</a>" : ""));
                }
            }).addTo(map);
            // Community outlines over the grids, not clickable: the grids below keep their popups.
            let outlineCount = 0;
            if (options.outlines) {
                const outlines = typeof options.outlines === "string" ? JSON.parse(options.outlines) : options.outlines;
                outlineCount = outlines.features ? outlines.features.length : 0;
                L.geoJSON(outlines, {
                    interactive: false,
                    style: function () {
                        return { color: "#263238", weight: 2.5, dashArray: "6 4", fill: false };
                    }
                }).addTo(map);
            }
            element.setAttribute("data-outlines", String(outlineCount));
            const count = data.features ? data.features.length : 0;
            if (count > 0) {
                map.fitBounds(layer.getBounds(), { padding: [12, 12] });
            } else {
                map.setView([31.36, 119.82], 11);
            }
            element.setAttribute("data-features", String(count));
            return count;
        },

        // A map to point at a place: a tap (or dragging the pin) reports the WGS84 point to the component; show(...)
        // moves the pin when the position came from GPS or was typed.
        pick: function (elementId, options, component) {
            const element = document.getElementById(elementId);
            if (!element || typeof L === "undefined") {
                return false;
            }
            if (maps[elementId]) {
                maps[elementId].remove();
            }
            const map = L.map(element).setView([options.latitude, options.longitude], options.zoom || 14);
            maps[elementId] = map;
            if (options.tileUrl) {
                L.tileLayer(options.tileUrl, { maxZoom: 19, attribution: options.attribution || "" }).addTo(map);
            }
            let marker = null;
            function report(latlng) {
                component.invokeMethodAsync("PointPicked", latlng.lng, latlng.lat);
            }
            map._fqShow = function (longitude, latitude) {
                if (!marker) {
                    marker = L.marker([latitude, longitude], { draggable: true }).addTo(map);
                    marker.on("dragend", function () { report(marker.getLatLng()); });
                } else {
                    marker.setLatLng([latitude, longitude]);
                }
                map.setView([latitude, longitude], Math.max(map.getZoom(), 16));
            };
            map.on("click", function (e) {
                map._fqShow(e.latlng.lng, e.latlng.lat);
                report(e.latlng);
            });
            return true;
        },

        show: function (elementId, longitude, latitude) {
            const map = maps[elementId];
            if (map && map._fqShow) {
                map._fqShow(longitude, latitude);
            }
        },

        // The device's position as [longitude, latitude] (WGS84), or null when refused or unavailable.
        locate: function () {
            return new Promise(function (resolve) {
                if (!navigator.geolocation) {
                    resolve(null);
                    return;
                }
                navigator.geolocation.getCurrentPosition(
                    function (position) { resolve([position.coords.longitude, position.coords.latitude]); },
                    function () { resolve(null); },
                    { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
            });
        },

        // Import wizard preview: the file's features green when valid, red when a problem names them, and a marker at
        // each problem's location. A feature whose geometry Leaflet cannot read is left out rather than failing the map.
        preview: function (elementId, geojson, options) {
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
            const data = typeof geojson === "string" ? JSON.parse(geojson) : geojson;
            const group = L.featureGroup().addTo(map);
            let drawn = 0;
            (data.features || []).forEach(function (feature) {
                try {
                    const p = feature.properties || {};
                    const colour = p.valid ? "#2e7d32" : "#c62828";
                    L.geoJSON(feature, { style: { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.3 } })
                        .bindTooltip(escapeHtml((p.index + 1) + ". " + (p.name || "")) + (p.valid ? "" : " · " + escapeHtml(options.invalidLabel)))
                        .addTo(group);
                    drawn++;
                } catch (e) {
                    // Broken geometry: the report names it; nothing to draw.
                }
            });
            (options.problems || []).forEach(function (problem) {
                L.circleMarker([problem.location[1], problem.location[0]], { radius: 6, color: "#b71c1c", weight: 2, fillColor: "#ffeb3b", fillOpacity: 0.9 })
                    .bindTooltip(escapeHtml(problem.message))
                    .addTo(group);
            });
            const bounds = group.getBounds();
            if (bounds.isValid()) {
                map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 });
            } else {
                map.setView([31.36, 119.82], 11);
            }
            element.setAttribute("data-features", String(drawn));
            return drawn;
        }
    };
})();
